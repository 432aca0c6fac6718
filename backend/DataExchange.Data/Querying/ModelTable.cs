using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataExchange.Data.Querying;

/// <summary>
/// An entity's table and column names as the EF model maps them, delimited for the provider: the plain commands that
/// bypass EF's pipeline (GetChild's read, the batch link's read, the audit chain's head) name nothing by hand.
/// </summary>
public sealed class ModelTable<T>(ExchangeDbContext db, ISqlGenerationHelper helper)
{
    private readonly IEntityType entity = db.Model.FindEntityType(typeof(T))!;

    private StoreObjectIdentifier Store => StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());

    public string Name => helper.DelimitIdentifier(Store.Name, Store.Schema);

    public string Column(string property) => helper.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(Store)!);
}
