using DataExchange.Data.Tests.Bulk;

namespace DataExchange.Data.Tests.Providers;

/// <summary>A fact that runs only where DX_TEST_POSTGRES names a PostgreSQL server (infra/scripts/test.sh starts one); skipped, and said so, elsewhere.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ScratchDatabase.PostgresVariable)))
        {
            Skip = $"{ScratchDatabase.PostgresVariable} is not set";
        }
    }
}
