using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class RecordLinkConfiguration : IEntityTypeConfiguration<RecordLinkEntity>
{
    public void Configure(EntityTypeBuilder<RecordLinkEntity> builder)
    {
        builder.ToTable("record_links");
        builder.HasKey(link => link.SourceRecordId);
        builder.Property(link => link.Method).HasMaxLength(16);
        builder.HasIndex(link => link.ChildId);
        builder.HasOne<SourceRecordEntity>().WithOne().HasForeignKey<RecordLinkEntity>(link => link.SourceRecordId);
        builder.HasOne<ChildEntity>().WithMany().HasForeignKey(link => link.ChildId);
    }
}
