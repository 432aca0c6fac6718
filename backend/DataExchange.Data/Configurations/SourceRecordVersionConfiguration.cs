using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations;

internal sealed class SourceRecordVersionConfiguration : IEntityTypeConfiguration<SourceRecordVersionEntity>
{
    public void Configure(EntityTypeBuilder<SourceRecordVersionEntity> builder)
    {
        builder.ToTable("source_record_versions");
        builder.HasKey(version => version.Id);
        builder.Property(version => version.Reason).HasMaxLength(500);
        builder.Property(version => version.ContentHash).HasMaxLength(32);
        builder.Property(version => version.BatchKey).HasMaxLength(100);

        // Two writers racing to create the same version of a record: the second one fails here.
        builder.HasIndex(version => new { version.SourceRecordId, version.Version }).IsUnique();
    }
}
