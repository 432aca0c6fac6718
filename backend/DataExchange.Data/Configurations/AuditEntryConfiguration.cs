using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations;

/// <summary>
/// The audit chain. The sequence is assigned by the writer (previous + 1), never by the database, and the previous
/// hash is unique: two hosts appending at once cannot fork the chain, the loser retries on the new head.
/// Append-only is enforced by triggers (SQLite, PostgreSQL) or a ledger table (SQL Server) created in the migrations.
/// </summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntryEntity>
{
    public const string Table = "audit_entries";

    public void Configure(EntityTypeBuilder<AuditEntryEntity> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(entry => entry.Sequence);
        builder.Property(entry => entry.Sequence).ValueGeneratedNever();
        builder.Property(entry => entry.PrincipalKind).HasMaxLength(16);
        builder.Property(entry => entry.Principal).HasMaxLength(100);
        builder.Property(entry => entry.Agency).HasMaxLength(32);
        builder.Property(entry => entry.Rpc).HasMaxLength(200);
        builder.Property(entry => entry.Purpose).HasMaxLength(32);
        builder.Property(entry => entry.PurposeReference).HasMaxLength(200);
        builder.Property(entry => entry.Grants).HasMaxLength(1000);
        builder.Property(entry => entry.FieldGroups).HasMaxLength(200);
        builder.Property(entry => entry.Outcome).HasMaxLength(32);
        builder.Property(entry => entry.Detail).HasMaxLength(500);
        builder.Property(entry => entry.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(entry => entry.Hash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(entry => entry.PreviousHash).IsUnique();
        builder.HasIndex(entry => entry.OccurredAt);
        builder.HasIndex(entry => new { entry.Agency, entry.OccurredAt });
    }
}
