using DataExchange.Data.Signals;

namespace DataExchange.Reconciliation;

/// <summary>Wakes change-feed subscribers when reconciliation commits change events, so they need not poll fast.</summary>
public sealed class ChangeNotifier : Signal;
