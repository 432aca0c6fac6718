namespace DataExchange.Api.SecurityTests.Infrastructure;

/// <summary>A fact that runs only where DX_TEST_POSTGRES names a PostgreSQL server (infra/scripts/test.sh starts one); skipped, and said so, elsewhere.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SecurityDatabase.PostgresVariable)))
        {
            Skip = $"{SecurityDatabase.PostgresVariable} is not set";
        }
    }
}

/// <summary>A theory that runs only where DX_TEST_POSTGRES is set.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SecurityDatabase.PostgresVariable)))
        {
            Skip = $"{SecurityDatabase.PostgresVariable} is not set";
        }
    }
}
