using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data;

/// <summary>The hub's database: agency records with their versions, completed batches, and reconciliation (children, links, candidates, conflicts, alerts, decisions, change feed).</summary>
public class ExchangeDbContext(DbContextOptions<ExchangeDbContext> options) : DbContext(options)
{
    public DbSet<SourceRecordEntity> SourceRecords => Set<SourceRecordEntity>();
    public DbSet<SourceRecordVersionEntity> SourceRecordVersions => Set<SourceRecordVersionEntity>();
    public DbSet<IngestBatchEntity> IngestBatches => Set<IngestBatchEntity>();
    public DbSet<ChildEntity> Children => Set<ChildEntity>();
    public DbSet<RecordLinkEntity> RecordLinks => Set<RecordLinkEntity>();
    public DbSet<MatchCandidateEntity> MatchCandidates => Set<MatchCandidateEntity>();
    public DbSet<ConflictEntity> Conflicts => Set<ConflictEntity>();
    public DbSet<AlertEntity> Alerts => Set<AlertEntity>();
    public DbSet<StewardDecisionEntity> StewardDecisions => Set<StewardDecisionEntity>();
    public DbSet<ChangeEventEntity> ChangeEvents => Set<ChangeEventEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ExchangeDbContext).Assembly);
}
