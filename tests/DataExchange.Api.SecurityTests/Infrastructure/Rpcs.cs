using System.Reflection;
using DataExchange.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace DataExchange.Api.SecurityTests.Infrastructure;

/// <summary>
/// Every rpc of every service, read from the generated descriptors of the contract assembly (so a service or
/// method added later is included without editing a test), and a way to call any of them with any message.
/// </summary>
public static class Rpcs
{
    public static IReadOnlyList<MethodDescriptor> All { get; } = typeof(RecordExchange).Assembly.GetTypes()
        .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(property => property?.PropertyType == typeof(FileDescriptor))
        .Select(property => (FileDescriptor)property!.GetValue(null)!)
        .SelectMany(file => file.Services)
        .SelectMany(service => service.Methods)
        .OrderBy(method => method.Service.FullName, StringComparer.Ordinal).ThenBy(method => method.Name, StringComparer.Ordinal)
        .ToList();

    public static MethodDescriptor Named(string service, string method) =>
        All.Single(descriptor => descriptor.Service.Name == service && descriptor.Name == method);

    public static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    public static IEnumerable<object[]> Names() => All.Select(method => new object[] { method.Service.Name, method.Name });

    /// <summary>Calls a method with one request message (sent as one stream message for client streaming); returns the status.</summary>
    public static async Task<(StatusCode Status, IMessage? Response, Metadata Trailers, string Detail)> CallAsync(
        CallInvoker invoker, MethodDescriptor method, IMessage request, TimeSpan? deadline = null, CancellationToken cancellationToken = default) =>
        await CallBytesAsync(invoker, method, request.ToByteArray(), deadline, cancellationToken) is var (status, bytes, trailers, detail)
            ? (status, bytes is null ? null : method.OutputType.Parser.ParseFrom(bytes), trailers, detail)
            : default;

    /// <summary>
    /// Calls a method with raw request bytes (which need not be a valid message). Cancelling ends the call from the
    /// client's side with Cancelled; use it rather than a short deadline to stop a stream that does not end by
    /// itself, because a server-side deadline resets the stream and the client may then see a transport error.
    /// </summary>
    public static async Task<(StatusCode Status, byte[]? Response, Metadata Trailers, string Detail)> CallBytesAsync(
        CallInvoker invoker, MethodDescriptor method, byte[] request, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        var marshaller = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var type = method.IsClientStreaming
            ? method.IsServerStreaming ? MethodType.DuplexStreaming : MethodType.ClientStreaming
            : method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var rpc = new Method<byte[], byte[]>(type, method.Service.FullName, method.Name, marshaller, marshaller);
        var options = new CallOptions(deadline: DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30)), cancellationToken: cancellationToken);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                {
                    using var call = invoker.AsyncUnaryCall(rpc, null, options, request);
                    var response = await call.ResponseAsync;
                    return (StatusCode.OK, response, call.GetTrailers(), "");
                }
                case MethodType.ClientStreaming:
                {
                    using var call = invoker.AsyncClientStreamingCall(rpc, null, options);
                    try
                    {
                        await call.RequestStream.WriteAsync(request);
                        await call.RequestStream.CompleteAsync();
                    }
                    catch (RpcException)
                    {
                        // The server answered before reading everything; its status comes from the response.
                    }
                    catch (InvalidOperationException)
                    {
                        // Same: the call already completed.
                    }

                    var response = await call.ResponseAsync;
                    return (StatusCode.OK, response, call.GetTrailers(), "");
                }
                case MethodType.ServerStreaming:
                {
                    using var call = invoker.AsyncServerStreamingCall(rpc, null, options, request);
                    byte[]? last = null;
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        last = call.ResponseStream.Current;
                    }

                    return (StatusCode.OK, last, call.GetTrailers(), "");
                }
                default:
                {
                    using var call = invoker.AsyncDuplexStreamingCall(rpc, null, options);
                    await call.RequestStream.WriteAsync(request);
                    await call.RequestStream.CompleteAsync();
                    byte[]? last = null;
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        last = call.ResponseStream.Current;
                    }

                    return (StatusCode.OK, last, call.GetTrailers(), "");
                }
            }
        }
        catch (RpcException exception)
        {
            return (exception.StatusCode, null, exception.Trailers, exception.Status.Detail);
        }
    }
}
