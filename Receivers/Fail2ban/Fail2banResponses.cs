using System.Text.Json;
using System.Text.Json.Serialization;

namespace FirewallGateway.Receivers.Fail2ban;

/// <summary>The answer to a report: what the gateway made of it.</summary>
internal sealed record ReportAnswer(
    string Outcome,
    string? Code = null,
    string? Reason = null,
    DecisionSummary? Decision = null);

/// <summary>The decision a report fed.</summary>
internal sealed record DecisionSummary(long Id, string Address, DateTimeOffset ExpiresAt, int ReportCount);

/// <summary>A refusal with a reason: <c>{"error":"invalid-field","field":"ip","detail":"..."}</c>.</summary>
internal sealed record ErrorAnswer(string Error, string Detail, string? Field = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReportAnswer))]
[JsonSerializable(typeof(ErrorAnswer))]
internal sealed partial class Fail2banJsonContext : JsonSerializerContext;
