using DataExchange.Domain.Records;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace DataExchange.Api.Grpc.Errors;

/// <summary>Builders for the rich status the partner agencies' clients read (google.rpc.BadRequest).</summary>
public static class RpcErrors
{
    /// <summary>InvalidArgument with one field violation per problem, named by the request field path.</summary>
    public static RpcException InvalidArgument(IEnumerable<FieldError> violations, string? message = null)
    {
        var badRequest = new BadRequest();
        foreach (var violation in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = violation.Field, Description = violation.Reason });
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message ?? string.Join("; ", badRequest.FieldViolations.Select(v => $"{v.Field}: {v.Description}")),
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string reason) => InvalidArgument([new FieldError(field, reason)]);
}
