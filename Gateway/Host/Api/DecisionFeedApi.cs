using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FirewallGateway.Core.Security;
using FirewallGateway.Core.Storage;

namespace FirewallGateway.Api;

/// <summary>
/// <c>GET /api/v1/decisions/feed</c>: new decisions as server-sent events (<c>event: decision</c>, data = the
/// decision as <c>GET /api/v1/decisions/{id}</c> shows it), from the moment of connecting; the first event is
/// <c>ready</c>, sent at once, so a client knows the stream is open before anything happens. It reads the store,
/// so decisions made by every gateway of a fleet appear, at most a second late. Operators only.
/// </summary>
internal static class DecisionFeedApi
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private const int MaxPerPoll = 200;

    public static IEndpointConventionBuilder MapDecisionFeedApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1/decisions/feed", (IDecisionStore store, TimeProvider time, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(NewDecisionsAsync(store, time, cancellationToken)))
            .RequireAuthorization(GatewayRoles.OperatorPolicy);

    private static async IAsyncEnumerable<SseItem<string>> NewDecisionsAsync(
        IDecisionStore store, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var latest = await store.ListDecisionsAsync(new DecisionQuery(State: null, Limit: 1), cancellationToken);
        long cursor = latest.Count > 0 ? latest[0].Id : 0;

        // Without a first event the response (and its headers) would wait for the first decision.
        yield return new SseItem<string>("{}", "ready");
        while (await WaitAsync(time, cancellationToken))
        {
            // Newest first from the store; sent oldest first, so the page shows them in the order they were made.
            var newest = await store.ListDecisionsAsync(new DecisionQuery(State: null, Limit: MaxPerPoll), cancellationToken);
            foreach (var decision in newest.Where(d => d.Id > cursor).OrderBy(d => d.Id))
            {
                cursor = decision.Id;
                yield return new SseItem<string>(JsonSerializer.Serialize(DecisionView.From(decision), ApiJsonContext.Default.DecisionView), "decision");
            }
        }
    }

    /// <summary>False when the client went away: the stream then simply ends.</summary>
    private static async Task<bool> WaitAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(PollInterval, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
