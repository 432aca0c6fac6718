using DataExchange.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data;

/// <summary>The hub's database: agency records with their versions, and completed batches.</summary>
public class ExchangeDbContext(DbContextOptions<ExchangeDbContext> options) : DbContext(options)
{
    public DbSet<SourceRecordEntity> SourceRecords => Set<SourceRecordEntity>();
    public DbSet<SourceRecordVersionEntity> SourceRecordVersions => Set<SourceRecordVersionEntity>();
    public DbSet<IngestBatchEntity> IngestBatches => Set<IngestBatchEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ExchangeDbContext).Assembly);
}
