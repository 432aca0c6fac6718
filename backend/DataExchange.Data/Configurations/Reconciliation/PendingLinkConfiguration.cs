using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class PendingLinkConfiguration : IEntityTypeConfiguration<PendingLinkEntity>
{
    public void Configure(EntityTypeBuilder<PendingLinkEntity> builder)
    {
        builder.ToTable("pending_links");
        builder.HasKey(entry => entry.Id);
        // The linker reads the queue by Id (arrival order, the primary key) and a single upsert finds its own entries.
        builder.HasIndex(entry => entry.SourceRecordId);
        builder.Property(entry => entry.LastError).HasMaxLength(PendingLinkEntity.MaxErrorLength);
        builder.HasOne<SourceRecordEntity>().WithMany(record => record.PendingLinks).HasForeignKey(entry => entry.SourceRecordId);
    }
}
