namespace DataExchange.Data.Providers;

/// <summary>The database servers the hub runs on. SQLite is the embedded default; the others are for clusters.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
