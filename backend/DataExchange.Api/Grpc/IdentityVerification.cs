using DataExchange.Domain.Errors;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Contracts.V1;
using DataExchange.Data.Records;
using DataExchange.Domain.Identifiers;
using DataExchange.Domain.Normalization;

namespace DataExchange.Api.Grpc;

/// <summary>核查比对: checks an ID number and what was given against it; answers with flags only.</summary>
public sealed class IdentityVerification(RecordQueries queries)
{
    public async Task<VerifyIdentityResponse> VerifyAsync(VerifyIdentityRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.IdNumber))
        {
            throw RpcErrors.InvalidArgument("id_number", "is required");
        }

        var check = CitizenIdNumber.Check(request.IdNumber);
        var response = new VerifyIdentityResponse { WellFormed = check.IsValid, Problem = check.Describe() };

        if (!string.IsNullOrWhiteSpace(request.BirthDate))
        {
            if (!DateSpellings.TryParse(request.BirthDate, out var birthDate))
            {
                throw RpcErrors.InvalidArgument("birth_date", $"{Echo.Quote(request.BirthDate)} is not a date (use YYYY-MM-DD)");
            }

            response.BirthDate = Compare(check.Parsed is { } parsed ? parsed.BirthDate == birthDate : null);
        }

        if (!string.IsNullOrWhiteSpace(request.Sex))
        {
            var sex = SexCodes.Parse(request.Sex);
            if (sex is null or Sex.Unknown)
            {
                throw RpcErrors.InvalidArgument("sex", $"{Echo.Quote(request.Sex)} is not M or F");
            }

            response.Sex = Compare(check.Parsed is { } parsed ? parsed.Sex == sex : null);
        }

        var names = check.Normalized.Length == CitizenIdNumber.Length
            ? await queries.NamesForIdNumberAsync(check.Normalized, cancellationToken)
            : [];
        response.Known = names.Count > 0;
        if (!string.IsNullOrWhiteSpace(request.Name) && response.Known)
        {
            response.Name = Compare(names.Contains(PersonNames.Normalize(request.Name)));
        }

        return response;
    }

    private static Agreement Compare(bool? agrees) => agrees switch
    {
        true => Agreement.Match,
        false => Agreement.Mismatch,
        null => Agreement.NotChecked,
    };
}
