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
    public static Task ExecuteAsync(DbContext db, IReadOnlyList<MigrationOperation> operations, IModel model, CancellationToken cancellationToken) =>
        ExecuteAsync(db, Sql(db, operations, model), cancellationToken);

    /// <summary>Runs the statements one after the other on the context's connection.</summary>
    public static async Task ExecuteAsync(DbContext db, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        }
    }

    /// <summary>The statements that run the operations, in order.</summary>
    public static IReadOnlyList<string> Sql(DbContext db, IReadOnlyList<MigrationOperation> operations, IModel model) =>
        operations.Count == 0 ? [] : [.. db.GetService<IMigrationsSqlGenerator>().Generate(operations, model).Select(command => command.CommandText)];

    // The design-time model carries every annotation the migrations SQL generator reads (the runtime model drops some).
    public static IModel DesignModel(DbContext db) => db.GetService<IDesignTimeModel>().Model;
}
