using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataExchange.Data.Querying;

/// <summary>
/// A query compiled once per EF model (EF.CompileAsyncQuery), for the reads that run on every call: building and
/// looking up a LINQ expression costs about as much as SQLite answering a point query. EF refuses to run a compiled
/// query against another model than the first it met, and each provider has its own model (a process may hold
/// several, as the tests do with SQLite and PostgreSQL hosts side by side), hence one compilation per model.
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> byModel = [];

    public TQuery For(DbContext db) => byModel.GetValue(db.Model, _ => compile());
}
