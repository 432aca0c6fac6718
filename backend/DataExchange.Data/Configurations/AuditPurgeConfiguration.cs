using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations;

internal sealed class AuditPurgeConfiguration : IEntityTypeConfiguration<AuditPurgeEntity>
{
    public void Configure(EntityTypeBuilder<AuditPurgeEntity> builder)
    {
        builder.ToTable("audit_purges");
        builder.HasKey(purge => purge.Id);
        builder.Property(purge => purge.AnchorHash).HasMaxLength(64).IsFixedLength();
        builder.Property(purge => purge.PurgedBy).HasMaxLength(100);
    }
}
