using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class MatchCandidateConfiguration : IEntityTypeConfiguration<MatchCandidateEntity>
{
    public void Configure(EntityTypeBuilder<MatchCandidateEntity> builder)
    {
        builder.ToTable("match_candidates");
        builder.HasKey(candidate => candidate.Id);
        builder.Property(candidate => candidate.Status).HasMaxLength(16);
        builder.Property(candidate => candidate.RegionCode).HasMaxLength(6);
        builder.Property(candidate => candidate.Version).IsConcurrencyToken();
        // One row per pair: a re-proposal reopens it, a decision is remembered on it.
        builder.HasIndex(candidate => new { candidate.RecordAId, candidate.RecordBId }).IsUnique();
        builder.HasIndex(candidate => candidate.RecordBId);
        builder.HasIndex(candidate => new { candidate.Status, candidate.Probability });
    }
}
