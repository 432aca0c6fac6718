using DataExchange.Data.Entities;
using DataExchange.Data.Entities.Reconciliation;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data;

/// <summary>
/// The hub's database, one context and one migration set per provider: agency records with their versions,
/// completed batches, people (ASP.NET Core Identity), OpenIddict's applications, scopes and tokens, agency
/// bindings of clients, grants and the audit chain, and reconciliation (children, record links, review candidates,
/// conflicts, alerts, steward decisions, change feed).
/// </summary>
public class ExchangeDbContext(DbContextOptions<ExchangeDbContext> options) : IdentityDbContext<DxUser>(options)
{
    public DbSet<SourceRecordEntity> SourceRecords => Set<SourceRecordEntity>();
    public DbSet<SourceRecordVersionEntity> SourceRecordVersions => Set<SourceRecordVersionEntity>();
    public DbSet<IngestBatchEntity> IngestBatches => Set<IngestBatchEntity>();
    public DbSet<ChildEntity> Children => Set<ChildEntity>();
    public DbSet<RecordLinkEntity> RecordLinks => Set<RecordLinkEntity>();
    public DbSet<ChildHoldingEntity> ChildHoldings => Set<ChildHoldingEntity>();
    public DbSet<MatchCandidateEntity> MatchCandidates => Set<MatchCandidateEntity>();
    public DbSet<ConflictEntity> Conflicts => Set<ConflictEntity>();
    public DbSet<AlertEntity> Alerts => Set<AlertEntity>();
    public DbSet<StewardDecisionEntity> StewardDecisions => Set<StewardDecisionEntity>();
    public DbSet<ChangeEventEntity> ChangeEvents => Set<ChangeEventEntity>();
    public DbSet<PendingLinkEntity> PendingLinks => Set<PendingLinkEntity>();
    public DbSet<AgencyEntity> Agencies => Set<AgencyEntity>();
    public DbSet<AgencyClientEntity> AgencyClients => Set<AgencyClientEntity>();
    public DbSet<GrantEntity> Grants => Set<GrantEntity>();
    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();
    public DbSet<AuditPurgeEntity> AuditPurges => Set<AuditPurgeEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ExchangeDbContext).Assembly);
    }
}
