using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations;

internal sealed class IngestBatchConfiguration : IEntityTypeConfiguration<IngestBatchEntity>
{
    public void Configure(EntityTypeBuilder<IngestBatchEntity> builder)
    {
        builder.ToTable("ingest_batches");
        builder.HasKey(batch => batch.Id);
        builder.Property(batch => batch.Agency).HasMaxLength(32);
        builder.Property(batch => batch.BatchKey).HasMaxLength(100);
        builder.HasIndex(batch => new { batch.Agency, batch.BatchKey }).IsUnique();
    }
}
