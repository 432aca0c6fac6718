using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class ChildConfiguration : IEntityTypeConfiguration<ChildEntity>
{
    public void Configure(EntityTypeBuilder<ChildEntity> builder)
    {
        builder.ToTable("children");
        builder.HasKey(child => child.Id);
        builder.Property(child => child.PublicId).HasMaxLength(40);
        builder.Property(child => child.Version).IsConcurrencyToken();
        builder.Property(child => child.Name).HasMaxLength(200);
        builder.Property(child => child.NamePinyin).HasMaxLength(200);
        builder.Property(child => child.IdNumber).HasMaxLength(18);
        builder.Property(child => child.BirthDate).HasMaxLength(10);
        builder.Property(child => child.RegionCode).HasMaxLength(6);
        builder.Property(child => child.Category).HasMaxLength(32);
        builder.Property(child => child.Agencies).HasMaxLength(200);
        builder.HasIndex(child => child.PublicId).IsUnique();
        // SearchChildren filters.
        builder.HasIndex(child => child.Name);
        builder.HasIndex(child => child.NamePinyin);
        builder.HasIndex(child => child.IdNumber);
        builder.HasIndex(child => child.BirthDate);
        builder.HasIndex(child => new { child.RegionCode, child.Category });
    }
}
