using DataExchange.Reconciliation.Reporting;
using Contract = DataExchange.Contracts.V1;

namespace DataExchange.Api.Grpc.Mapping;

/// <summary>The dashboard's figures to their wire message.</summary>
public static class DashboardMapping
{
    public static Contract.GetDashboardResponse ToContract(this DashboardFigures figures)
    {
        var response = new Contract.GetDashboardResponse
        {
            TotalChildren = figures.TotalChildren,
            Review = new Contract.ReviewBacklog
            {
                Open = figures.Review.Open,
                OldestProposedAt = figures.Review.OldestProposedAt is { } oldest ? ChildMapping.Time(oldest) : null,
                DecidedLast7Days = figures.Review.DecidedLast7Days,
            },
            Linking = new Contract.LinkingRates
            {
                LinkedRecords = figures.Linking.LinkedRecords, Automatic = figures.Linking.Automatic, NewChildren = figures.Linking.NewChildren,
                BySteward = figures.Linking.BySteward, ReviewedRecords = figures.Linking.ReviewedRecords,
                AutomaticRate = figures.Linking.AutomaticRate, ReviewRate = figures.Linking.ReviewRate,
            },
            ComputedAt = ChildMapping.Time(figures.ComputedAt),
        };
        response.Children.AddRange(figures.Children.Select(c => new Contract.ChildrenCount { Category = c.Category, RegionCode = c.RegionCode, Children = c.Children }));
        response.Review.Ages.AddRange(figures.Review.Ages.Select(band => new Contract.AgeBucket { MinDays = band.MinDays, MaxDays = band.MaxDays, Count = band.Count }));
        response.Alerts.AddRange(figures.Alerts.Select(a => new Contract.AlertCount
        {
            Rule = a.Rule, Agency = ChildMapping.Agency(a.Agency), Open = a.Open, Acknowledged = a.Acknowledged,
        }));
        response.Ingestion.AddRange(figures.Ingestion.Select(d => new Contract.IngestionDay
        {
            Day = d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Agency = ChildMapping.Agency(d.Agency), Records = d.Records,
        }));
        return response;
    }
}
