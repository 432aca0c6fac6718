using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations;

internal sealed class GrantConfiguration : IEntityTypeConfiguration<GrantEntity>
{
    public void Configure(EntityTypeBuilder<GrantEntity> builder)
    {
        builder.ToTable("grants");
        builder.HasKey(grant => grant.Id);
        builder.Property(grant => grant.GranteeAgency).HasMaxLength(32);
        builder.Property(grant => grant.SourceAgencies).HasMaxLength(200);
        builder.Property(grant => grant.Purpose).HasMaxLength(32);
        builder.Property(grant => grant.Reference).HasMaxLength(200);
        builder.Property(grant => grant.FieldGroups).HasMaxLength(200);
        builder.Property(grant => grant.ChildCategories).HasMaxLength(200);
        builder.Property(grant => grant.Regions).HasMaxLength(1000);
        builder.Property(grant => grant.CreatedBy).HasMaxLength(100);
        builder.Property(grant => grant.RevokedBy).HasMaxLength(100);

        // Every read looks up the caller's live grants for one purpose.
        builder.HasIndex(grant => new { grant.GranteeAgency, grant.Purpose });
    }
}
