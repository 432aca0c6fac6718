using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace DataExchange.Data.Writing;

/// <summary>
/// Migration operations run outside a migration (deferred indexes and foreign keys), with the SQL the provider's
/// migrations generator makes for them from the design-time model: the very SQL a migration would run.
/// </summary>
internal static class ModelOperations
{
    public static async Task ExecuteAsync(DbContext db, IReadOnlyList<MigrationOperation> operations, IModel model, CancellationToken cancellationToken)
    {
        if (operations.Count == 0)
        {
            return;
        }

        foreach (var command in db.GetService<IMigrationsSqlGenerator>().Generate(operations, model))
        {
            await db.Database.ExecuteSqlRawAsync(command.CommandText, cancellationToken);
        }
    }

    // The design-time model carries every annotation the migrations SQL generator reads (the runtime model drops some).
    public static IModel DesignModel(DbContext db) => db.GetService<IDesignTimeModel>().Model;
}
