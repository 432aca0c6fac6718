using DataExchange.Domain.Reconciliation.AlertTexts;
using Grpc.Core;

namespace DataExchange.Api.Grpc.Mapping;

/// <summary>The language a caller reads texts in: the standard accept-language request header (the portal sends it).</summary>
public static class CallLanguage
{
    public static AlertLanguage AlertLanguage(this ServerCallContext context) =>
        AlertLanguages.FromAcceptLanguage(context.RequestHeaders.GetValue("accept-language"));
}
