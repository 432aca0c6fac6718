namespace DataExchange.Faults.Tests.Infrastructure;

/// <summary>A fact that runs only where DX_TEST_POSTGRES names a PostgreSQL server (infra/scripts/test.sh starts one); skipped, and said so, elsewhere.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "DX_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: these tests need a PostgreSQL server (infra/scripts/test.sh starts one)";
        }
    }
}
