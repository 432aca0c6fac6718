using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class ConflictConfiguration : IEntityTypeConfiguration<ConflictEntity>
{
    public void Configure(EntityTypeBuilder<ConflictEntity> builder)
    {
        builder.ToTable("conflicts");
        builder.HasKey(conflict => conflict.Id);
        builder.Property(conflict => conflict.Key).HasMaxLength(400);
        builder.Property(conflict => conflict.Kind).HasMaxLength(40);
        builder.Property(conflict => conflict.Field).HasMaxLength(40);
        builder.Property(conflict => conflict.Status).HasMaxLength(16);
        builder.Property(conflict => conflict.Version).IsConcurrencyToken();
        builder.HasIndex(conflict => new { conflict.ChildId, conflict.Key }).IsUnique();
        builder.HasIndex(conflict => conflict.Status);
    }
}
