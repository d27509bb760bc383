using System.Text.Json;
using System.Text.Json.Serialization;

namespace FirewallGateway.CrowdSec;

// The shapes of CrowdSec's local API (swagger pkg/models), as its bouncers and agents send and expect them.

/// <summary>A decision as a bouncer receives it; <c>duration</c> is a Go duration ("3h59m58.5s").</summary>
internal sealed record LapiDecision(
    long Id, string Origin, string Type, string Scope, string Value, string Duration, string Scenario, DateTimeOffset Until, bool Simulated);

/// <summary><c>GET /v1/decisions/stream</c>: what to enforce and what to lift.</summary>
internal sealed record LapiStream(IReadOnlyList<LapiDecision> New, IReadOnlyList<LapiDecision> Deleted);

/// <summary><c>POST /v1/watchers/login</c> body.</summary>
internal sealed record WatcherLogin(string? MachineId, string? Password, IReadOnlyList<string>? Scenarios);

/// <summary>The login answer of gin-jwt, which the agent parses: <c>expire</c> in RFC 3339.</summary>
internal sealed record WatcherToken(int Code, DateTimeOffset Expire, string Token);

/// <summary>Errors as the local API writes them (<c>code</c> only on the JWT paths).</summary>
internal sealed record LapiError(string Message, int? Code = null);

/// <summary>One alert of <c>POST /v1/alerts</c>, only the fields the gateway uses; the rest is ignored.</summary>
internal sealed record LapiAlert(
    string? Scenario,
    string? Message,
    bool? Remediation,
    bool? Simulated,
    int? EventsCount,
    LapiAlertSource? Source,
    IReadOnlyList<LapiAlertDecision>? Decisions);

internal sealed record LapiAlertSource(string? Scope, string? Value, string? Ip, string? Range);

internal sealed record LapiAlertDecision(string? Type, string? Scope, string? Value, string? Duration, string? Scenario, bool? Simulated);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LapiStream))]
[JsonSerializable(typeof(IReadOnlyList<LapiDecision>))]
[JsonSerializable(typeof(WatcherLogin))]
[JsonSerializable(typeof(WatcherToken))]
[JsonSerializable(typeof(LapiError))]
[JsonSerializable(typeof(IReadOnlyList<LapiAlert>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class LapiJsonContext : JsonSerializerContext;
