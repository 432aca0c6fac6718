namespace DataExchange.Domain.Errors;

/// <summary>A failure the caller can act on; the host maps each kind to one status code.</summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>The thing asked for does not exist (for this caller).</summary>
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>The caller's view is stale: someone else changed the item first. Carries the current state in words.</summary>
public sealed class ConflictException(string message) : DomainException(message);

/// <summary>The request itself is wrong; each violation names the field.</summary>
public sealed class ValidationException(IReadOnlyList<Records.FieldError> violations, string? message = null)
    : DomainException(message ?? string.Join("; ", violations))
{
    public IReadOnlyList<Records.FieldError> Violations { get; } = violations;
}
