using DataExchange.Domain.Errors;
using DataExchange.Domain.Records;

namespace DataExchange.Domain.Paging;

/// <summary>
/// The one place every paged rpc turns its page and page size (or offset token) into rows to skip and take.
/// The offset is computed in 64 bits: page 2^31-1 of 20 rows once wrapped round to a negative int and was
/// served as the first page. A page past the end is empty (the caller still gets the true total); a negative
/// page or size is the caller's mistake and says so, naming the field.
/// </summary>
public readonly record struct PageWindow(long Skip, int Size)
{
    /// <summary>Page <paramref name="page"/> (from 0) of <paramref name="pageSize"/> rows; 0 asks for the default, larger than the maximum gets the maximum.</summary>
    public static PageWindow Of(int page, int pageSize, int defaultSize, int maxSize)
    {
        var errors = new List<FieldError>();
        if (page < 0)
        {
            errors.Add(new("page", $"is {page}; pages are numbered from 0"));
        }

        var size = SizeOf(pageSize, defaultSize, maxSize, errors);
        return errors.Count > 0 ? throw new ValidationException(errors) : new PageWindow((long)page * size, size);
    }

    /// <summary>The rows after an offset the server handed out as a page token.</summary>
    public static PageWindow After(long offset, int pageSize, int defaultSize, int maxSize)
    {
        var errors = new List<FieldError>();
        if (offset < 0)
        {
            errors.Add(new("page_token", "is not a token this server gave out"));
        }

        var size = SizeOf(pageSize, defaultSize, maxSize, errors);
        return errors.Count > 0 ? throw new ValidationException(errors) : new PageWindow(offset, size);
    }

    /// <summary>Just a page size, for keyset paging (the token is a position, not an offset).</summary>
    public static int SizeOf(int pageSize, int defaultSize, int maxSize)
    {
        var errors = new List<FieldError>();
        var size = SizeOf(pageSize, defaultSize, maxSize, errors);
        return errors.Count > 0 ? throw new ValidationException(errors) : size;
    }

    /// <summary>True when no row can be on this page: the offset is past anything a database would hold.</summary>
    public bool BeyondAnyRow => Skip > int.MaxValue;

    /// <summary>The offset of the next page (the token an offset-paged rpc hands out).</summary>
    public long Next => Skip + Size;

    /// <summary>
    /// The same page with one row more: a page read this way knows whether another page follows, so the last page
    /// hands out no token even when its rows fill it exactly (the contract's "empty on the last"; a full page once
    /// always got a token, and the client's next call an empty page).
    /// </summary>
    public PageWindow WithLookAhead => this with { Size = Size + 1 };

    /// <summary>The next page's offset token, or "" when the rows read with <see cref="WithLookAhead"/> end on this page.</summary>
    public string NextTokenAfter(int rowsRead) => rowsRead > Size ? Next.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    private static int SizeOf(int pageSize, int defaultSize, int maxSize, List<FieldError> errors)
    {
        if (pageSize < 0)
        {
            errors.Add(new("page_size", $"is {pageSize}; ask for 1 to {maxSize} rows, or 0 for the default of {defaultSize}"));
            return defaultSize;
        }

        return pageSize == 0 ? defaultSize : Math.Min(pageSize, maxSize);
    }
}

/// <summary>Applies a <see cref="PageWindow"/> to a query: the same Skip/Take for every provider, empty past the end.</summary>
public static class PageWindowQueries
{
    public static IQueryable<T> Page<T>(this IQueryable<T> query, PageWindow window) =>
        window.BeyondAnyRow ? query.Take(0) : query.Skip((int)window.Skip).Take(window.Size);
}
