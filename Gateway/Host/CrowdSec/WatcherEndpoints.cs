using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FirewallGateway.Auth;
using FirewallGateway.Core.CrowdSec;
using FirewallGateway.Core.Decisions;
using Microsoft.Extensions.Options;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// The agent side of CrowdSec's local API, as <c>crowdsec</c> with <c>api.client</c> pointing here calls it:
/// <c>POST /v1/watchers/login</c> (machine id and password for a JWT), <c>POST /v1/alerts</c> (each alert's bans
/// become reports) and <c>GET /v1/heartbeat</c>, the last two with <c>Authorization: Bearer</c>.
/// </summary>
internal static partial class WatcherEndpoints
{
    private const int MaxLoginBodyBytes = 64 * 1024;

    public static void MapWatcherEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/watchers/login", LoginAsync);
        endpoints.MapPost("/v1/alerts", PostAlertsAsync);
        endpoints.MapGet("/v1/heartbeat", HeartbeatAsync);
    }

    private static async Task<IResult> LoginAsync(
        HttpContext context, ICrowdSecStore store, WatcherTokens tokens, TimeProvider time, ILogger<WatcherTokens> logger)
    {
        var (login, error) = await ReadAsync(context, MaxLoginBodyBytes, LapiJsonContext.Default.WatcherLogin);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrEmpty(login!.MachineId) || string.IsNullOrEmpty(login.Password))
        {
            return LapiResults.Error(StatusCodes.Status400BadRequest, "machine_id and password are required");
        }

        var machine = await store.FindMachineAsync(login.MachineId, context.RequestAborted);
        if (machine is null || !PasswordHasher.Verify(login.Password, machine.PasswordHash))
        {
            Log.LoginRefused(logger, login.MachineId);
            return LapiResults.Unauthorized("incorrect Username or Password");
        }

        await store.RecordMachineContactAsync(machine.MachineId, time.GetUtcNow(), context.RequestAborted);
        var (token, expires) = tokens.Issue(machine.MachineId);
        return Results.Json(new WatcherToken(StatusCodes.Status200OK, expires, token), LapiJsonContext.Default.WatcherToken);
    }

    private static async Task<IResult> PostAlertsAsync(
        HttpContext context, ICrowdSecStore store, WatcherTokens tokens, IReportSink sink, IOptions<CrowdSecOptions> options, TimeProvider time)
    {
        var (machine, refused) = await WatcherOfAsync(context, store, tokens);
        if (refused is not null)
        {
            return refused;
        }

        var (alerts, error) = await ReadAsync(context, options.Value.MaxAlertBodyBytes, LapiJsonContext.Default.IReadOnlyListLapiAlert);
        if (error is not null)
        {
            return error;
        }

        // Every alert is checked before any is submitted, so a malformed request changes nothing.
        var now = time.GetUtcNow();
        var perAlert = new List<IReadOnlyList<BanReport>>(alerts!.Count);
        for (int i = 0; i < alerts.Count; i++)
        {
            if (alerts[i] is null)
            {
                return LapiResults.Error(StatusCodes.Status400BadRequest, $"alert {i} is null");
            }

            var (reports, invalid) = AlertReports.From(alerts[i], machine!, now);
            if (invalid is not null)
            {
                return LapiResults.Error(StatusCodes.Status400BadRequest, $"alert {i}: {invalid}");
            }

            perAlert.Add(reports);
        }

        // The answer names one id per alert, as the local API does: here the decision its first ban made or merged into.
        var ids = new List<string>(perAlert.Count);
        try
        {
            foreach (var reports in perAlert)
            {
                long id = 0;
                foreach (var report in reports)
                {
                    if (await sink.SubmitAsync(report, context.RequestAborted) is ReportOutcome.Accepted accepted && id == 0)
                    {
                        id = accepted.Decision.Id;
                    }
                }

                ids.Add(id.ToString(CultureInfo.InvariantCulture));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // Not durable, so not acknowledged: the agent logs the failure.
            return LapiResults.Error(StatusCodes.Status503ServiceUnavailable, "the alerts could not be stored; retry");
        }

        await store.RecordMachineContactAsync(machine!, now, context.RequestAborted);
        return Results.Json<IReadOnlyList<string>>(ids, LapiJsonContext.Default.IReadOnlyListString, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> HeartbeatAsync(HttpContext context, ICrowdSecStore store, WatcherTokens tokens, TimeProvider time)
    {
        var (machine, refused) = await WatcherOfAsync(context, store, tokens);
        if (refused is not null)
        {
            return refused;
        }

        await store.RecordMachineContactAsync(machine!, time.GetUtcNow(), context.RequestAborted);
        return Results.Ok();
    }

    /// <summary>The machine of a valid Bearer token that still exists (a deleted machine loses access at once).</summary>
    private static async ValueTask<(string? Machine, IResult? Refused)> WatcherOfAsync(HttpContext context, ICrowdSecStore store, WatcherTokens tokens)
    {
        string? header = context.Request.Headers.Authorization;
        const string bearer = "Bearer ";
        if (header is null || !header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return (null, LapiResults.Unauthorized("auth header is empty: a watcher token (POST /v1/watchers/login) is required"));
        }

        string? machine = tokens.Validate(header[bearer.Length..].Trim());
        if (machine is null || await store.FindMachineAsync(machine, context.RequestAborted) is null)
        {
            return (null, LapiResults.Unauthorized("Token is expired or invalid"));
        }

        return (machine, null);
    }

    private static async ValueTask<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, int maxBytes, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, LapiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {maxBytes} bytes"));
        }

        using var buffer = new MemoryStream();
        var body = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(body, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, LapiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {maxBytes} bytes"));
            }

            buffer.Write(body, 0, read);
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo) is { } value
                ? (value, null)
                : (null, LapiResults.Error(StatusCodes.Status400BadRequest, "the body is empty or null"));
        }
        catch (JsonException ex)
        {
            return (null, LapiResults.Error(StatusCodes.Status400BadRequest, $"the body is not valid JSON of the expected shape: {ex.Message}"));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "CrowdSec watcher login refused for machine '{MachineId}'")]
        public static partial void LoginRefused(ILogger logger, string machineId);
    }
}
