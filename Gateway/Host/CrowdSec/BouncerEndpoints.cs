using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.CrowdSec;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// The bouncer side of CrowdSec's local API: <c>GET /v1/decisions</c> (one-off queries) and
/// <c>GET /v1/decisions/stream</c> (first the full list, then what changed since that bouncer's last pull), both
/// with the bouncer's own <c>X-Api-Key</c>. Every answer holds only bans: the gateway decides nothing else.
/// </summary>
internal static class BouncerEndpoints
{
    private const string ApiKeyHeader = "X-Api-Key";

    public static void MapBouncerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/decisions", QueryAsync);
        endpoints.MapMethods("/v1/decisions", ["HEAD"], CheckAsync);
        endpoints.MapGet("/v1/decisions/stream", StreamAsync);
    }

    /// <summary>The bouncer that holds the request's API key, or null (LAPI answers 403 then).</summary>
    private static async ValueTask<string?> BouncerOfAsync(HttpContext context, ICrowdSecStore store)
    {
        string? key = context.Request.Headers[ApiKeyHeader];
        return string.IsNullOrEmpty(key) || key.Length > 256
            ? null
            : await store.FindBouncerByKeyHashAsync(BouncerKeys.Hash(key), context.RequestAborted);
    }

    private static async Task<IResult> CheckAsync(HttpContext context, ICrowdSecStore store) =>
        await BouncerOfAsync(context, store) is null ? LapiResults.Forbidden() : Results.Ok();

    private static async Task<IResult> StreamAsync(HttpContext context, ICrowdSecStore store, TimeProvider time)
    {
        if (await BouncerOfAsync(context, store) is not { } bouncer)
        {
            return LapiResults.Forbidden();
        }

        string? startupText = context.Request.Query["startup"];
        bool startup = false;
        if (startupText is not null && !bool.TryParse(startupText, out startup))
        {
            return LapiResults.Error(StatusCodes.Status400BadRequest, "startup must be true or false");
        }

        var filter = BouncerDecisionFilter.From(context.Request.Query);
        var now = time.GetUtcNow();
        var feed = await store.PullBouncerAsync(bouncer, startup, now, context.RequestAborted);
        return Results.Json(
            new LapiStream(
                [.. feed.New.Where(filter.Matches).Select(d => BouncerDecisionFilter.ToLapi(d, now))],
                [.. feed.Deleted.Where(filter.Matches).Select(d => BouncerDecisionFilter.ToLapi(d, now))]),
            LapiJsonContext.Default.LapiStream);
    }

    // ip / range: decisions covering that address or block (contains=false: decisions inside the block);
    // scope / value / type narrow further. No match answers "null", as the local API does.
    private static async Task<IResult> QueryAsync(HttpContext context, ICrowdSecStore store, TimeProvider time)
    {
        if (await BouncerOfAsync(context, store) is not { } bouncer)
        {
            return LapiResults.Forbidden();
        }

        var query = context.Request.Query;
        BanAddress? address = null;
        foreach (string field in (string[])["ip", "range"])
        {
            if (query[field].FirstOrDefault() is { } text)
            {
                if (!BanAddress.TryParse(text, out var parsed) || (field == "ip" && !parsed.IsSingleAddress))
                {
                    return LapiResults.Error(StatusCodes.Status400BadRequest, $"{field}: '{text}' is not an IP address{(field == "range" ? " or CIDR range" : string.Empty)}");
                }

                address = parsed;
            }
        }

        bool contains = true;
        if (query["contains"].FirstOrDefault() is { } containsText && !bool.TryParse(containsText, out contains))
        {
            return LapiResults.Error(StatusCodes.Status400BadRequest, "contains must be true or false");
        }

        var now = time.GetUtcNow();
        string? scope = query["scope"].FirstOrDefault();
        string? value = query["value"].FirstOrDefault();
        string? type = query["type"].FirstOrDefault();
        var decisions = (await store.ActiveDecisionsAsync(address, contains, now, context.RequestAborted))
            .Where(d => scope is null || string.Equals(scope, BouncerDecisionFilter.ScopeOf(d), StringComparison.OrdinalIgnoreCase))
            .Where(d => value is null || value == d.Address.ToString())
            .Where(d => type is null || string.Equals(type, "ban", StringComparison.OrdinalIgnoreCase))
            .Select(d => BouncerDecisionFilter.ToLapi(d, now))
            .ToList();
        await store.RecordBouncerContactAsync(bouncer, now, context.RequestAborted);
        return decisions.Count == 0
            ? Results.Text("null", "application/json")
            : Results.Json<IReadOnlyList<LapiDecision>>(decisions, LapiJsonContext.Default.IReadOnlyListLapiDecision);
    }
}
