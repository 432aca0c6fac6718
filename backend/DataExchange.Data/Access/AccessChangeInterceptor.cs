using System.Data.Common;
using System.Runtime.CompilerServices;
using DataExchange.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DataExchange.Data.Access;

/// <summary>
/// Bumps <see cref="AccessChanges"/> when a SaveChanges that added, changed or deleted a grant, an agency client
/// binding, an agency, a person or a person's role has committed. Every such write in the hub goes through
/// SaveChanges (the access admin service, AgencyClients, GrantStore, ASP.NET Core Identity's stores), so this one
/// hook sees them all. Inside an explicit transaction SavedChanges comes before the commit: the generation is bumped
/// again at the commit, so a cache entry read between the two (still the old rows) is dropped too.
/// </summary>
public sealed class AccessChangeInterceptor(AccessChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Contexts whose save touched access state; a pooled context leaves the table when its save or transaction ends.
    private readonly ConditionalWeakTable<DbContext, object> touched = [];

    private static bool IsAccessEntity(Type type) =>
        type == typeof(GrantEntity) || type == typeof(AgencyClientEntity) || type == typeof(AgencyEntity)
        || type == typeof(DxUser) || type == typeof(IdentityUserRole<string>) || type == typeof(IdentityRole);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(entry =>
                entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsAccessEntity(entry.Metadata.ClrType)))
        {
            touched.AddOrUpdate(context, this);
        }
    }

    // Bumped after a failed save too: a failure may have written part of it (cheap: one more read of the state).
    private void Saved(DbContext? context)
    {
        if (context is null || !touched.TryGetValue(context, out _))
        {
            return;
        }

        changes.Changed();
        if (context.Database.CurrentTransaction is null)
        {
            touched.Remove(context);
        }
    }

    private void Ended(DbContext? context)
    {
        if (context is not null && touched.TryGetValue(context, out _))
        {
            touched.Remove(context);
            changes.Changed();
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }
}
