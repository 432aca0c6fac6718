using DataExchange.Domain.Errors;
using DataExchange.Domain.Records;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace DataExchange.Api.Grpc.Errors;

/// <summary>
/// Builders for the rich status the partner agencies' clients read (google.rpc.BadRequest). Every status the hub
/// sends is bounded here: the message (grpc-message) to <see cref="MaxMessageBytes"/> and the details
/// (grpc-status-details-bin, the whole status) to <see cref="MaxDetailsBytes"/>, whatever the violations quote, so a client with
/// the common 8 KB header limit always reads the reason instead of a ResourceExhausted.
/// </summary>
public static class RpcErrors
{
    /// <summary>UTF-8 bytes of a status message (sent percent-encoded: at most three times this on the wire).</summary>
    public const int MaxMessageBytes = 1024;

    /// <summary>Bytes of the packed google.rpc.Status with its BadRequest (sent base64: four thirds of this on the wire).</summary>
    public const int MaxDetailsBytes = 2048;

    /// <summary>UTF-8 bytes of one violation's field path and of its description.</summary>
    public const int MaxFieldBytes = 100;
    public const int MaxDescriptionBytes = 300;

    /// <summary>InvalidArgument with one field violation per problem (as many as fit), named by the request field path.</summary>
    public static RpcException InvalidArgument(IEnumerable<FieldError> violations, string? message = null)
    {
        var all = violations.Select(violation => new BadRequest.Types.FieldViolation
        {
            Field = Safe(violation.Field, MaxFieldBytes),
            Description = Safe(violation.Reason, MaxDescriptionBytes),
        }).ToList();
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = Safe(message ?? string.Join("; ", all.Select(v => $"{v.Field}: {v.Description}")), MaxMessageBytes),
        };

        // The details header carries the whole status, message included: the violations get what the message leaves,
        // less room for the Any wrapper and a closing "and N more" entry.
        var budget = MaxDetailsBytes - status.CalculateSize() - 128;
        var badRequest = new BadRequest();
        foreach (var violation in all)
        {
            if (badRequest.CalculateSize() + violation.CalculateSize() + 4 > budget)
            {
                // The rest are counted, not listed: the caller fixes these and sends again.
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    Description = $"and {all.Count - badRequest.FieldViolations.Count} more problems not listed",
                });
                break;
            }

            badRequest.FieldViolations.Add(violation);
        }

        status.Details.Add(Any.Pack(badRequest));
        return status.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string reason) => InvalidArgument([new FieldError(field, reason)]);

    /// <summary>A plain status whose message is bounded and escaped like every other.</summary>
    public static RpcException Status(StatusCode code, string message) => new(new global::Grpc.Core.Status(code, Safe(message, MaxMessageBytes)));

    /// <summary>Escaped (no control characters reach a header) and cut to a byte budget.</summary>
    public static string Safe(string text, int maxBytes) => Echo.Bound(Echo.Escape(text, maxBytes), maxBytes);
}
