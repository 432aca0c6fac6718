namespace DataExchange.Domain.Records;

/// <summary>Why a record was refused: the exchange-format name of the field at fault, and what is wrong with it.</summary>
public sealed record FieldError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
