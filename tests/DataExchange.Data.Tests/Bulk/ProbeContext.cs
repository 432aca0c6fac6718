using DataExchange.Data.Providers;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Tests.Bulk;

/// <summary>What a probe row is: a value the converter stores as text.</summary>
public enum ProbeKind
{
    Created,
    Linked,
}

/// <summary>A row with every kind of value the bulk writers must store as EF does: NULLs, empty strings, text, times, bytes,
/// converted values (and a NULL where a converter would apply).</summary>
public sealed class ProbeRow
{
    public long Id { get; set; }
    public string Text { get; set; } = "";
    public string? MaybeText { get; set; }
    public long? MaybeNumber { get; set; }
    public int Count { get; set; }
    public bool Flag { get; set; }
    public double Score { get; set; }
    public byte[] Hash { get; set; } = [];
    public byte[]? MaybeBytes { get; set; }
    public DateTime At { get; set; }
    public DateTime? MaybeAt { get; set; }
    public ProbeKind Kind { get; set; }
    public ProbeKind? MaybeKind { get; set; }
    public int Version { get; set; }
}

/// <summary>A one-table model of its own, so the bulk writers are tested on a table nobody listed columns for.</summary>
public sealed class ProbeContext(DbContextOptions<ProbeContext> options) : DbContext(options)
{
    public DbSet<ProbeRow> Rows => Set<ProbeRow>();

    public static ProbeContext Open(DatabaseOptions database)
    {
        var builder = new DbContextOptionsBuilder<ProbeContext>();
        _ = database.Provider == DatabaseProvider.Sqlite
            ? builder.UseSqlite(database.ConnectionString)
            : builder.UseNpgsql(database.ConnectionString);
        return new ProbeContext(builder.Options);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var row = modelBuilder.Entity<ProbeRow>();
        row.ToTable("probe_rows");
        row.Property(r => r.Text).HasMaxLength(200);
        row.Property(r => r.MaybeText).HasColumnName("maybe_text");
        row.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        row.Property(r => r.MaybeKind).HasConversion<string>().HasMaxLength(16); // null is never converted
        row.Property(r => r.Version).IsConcurrencyToken();
    }
}
