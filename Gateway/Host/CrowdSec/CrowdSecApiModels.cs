using System.Text.Json;
using System.Text.Json.Serialization;

namespace FirewallGateway.CrowdSec;

/// <summary>A bouncer as <c>bouncers list</c> shows it; <c>pending</c> counts changes it has not pulled.</summary>
internal sealed record BouncerView(string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastPullAt, long Pending);

/// <summary><c>POST /api/v1/crowdsec/bouncers</c>: a key is generated when none is given.</summary>
internal sealed record BouncerRequest(string? Name, string? Key);

/// <summary>The new bouncer and its key, shown once.</summary>
internal sealed record BouncerCreated(string Name, string Key);

internal sealed record MachineView(string MachineId, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt);

/// <summary><c>POST /api/v1/crowdsec/machines</c>: a password is generated when none is given.</summary>
internal sealed record MachineRequest(string? MachineId, string? Password);

/// <summary>The machine and its password, shown once (what goes into the agent's local_api_credentials.yaml).</summary>
internal sealed record MachineCreated(string MachineId, string Password);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<BouncerView>))]
[JsonSerializable(typeof(BouncerRequest))]
[JsonSerializable(typeof(BouncerCreated))]
[JsonSerializable(typeof(IReadOnlyList<MachineView>))]
[JsonSerializable(typeof(MachineRequest))]
[JsonSerializable(typeof(MachineCreated))]
internal sealed partial class CrowdSecApiJsonContext : JsonSerializerContext;
