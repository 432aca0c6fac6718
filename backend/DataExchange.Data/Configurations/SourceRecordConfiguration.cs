using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations;

internal sealed class SourceRecordConfiguration : IEntityTypeConfiguration<SourceRecordEntity>
{
    public void Configure(EntityTypeBuilder<SourceRecordEntity> builder)
    {
        builder.ToTable("source_records");
        builder.HasKey(record => record.Id);
        builder.Property(record => record.Agency).HasMaxLength(32);
        builder.Property(record => record.SourceId).HasMaxLength(64);
        builder.Property(record => record.Version).IsConcurrencyToken();
        builder.Property(record => record.ContentHash).HasMaxLength(32);
        builder.Property(record => record.IdNumber).HasMaxLength(18);
        builder.Property(record => record.Name).HasMaxLength(200);
        builder.Property(record => record.Sex).HasMaxLength(1);
        builder.Property(record => record.BirthDate).HasMaxLength(10);
        builder.Property(record => record.RegionCode).HasMaxLength(6);

        // An agency's key is unique within the agency: the upsert target.
        builder.HasIndex(record => new { record.Agency, record.SourceId }).IsUnique();
        builder.HasIndex(record => record.IdNumber);
        builder.HasMany(record => record.Versions).WithOne().HasForeignKey(version => version.SourceRecordId);
    }
}
