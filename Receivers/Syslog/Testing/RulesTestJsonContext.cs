using System.Text.Json.Serialization;

namespace FirewallGateway.Receivers.Syslog.Testing;

/// <summary>JSON for <c>rules test --json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RulesTestReport))]
internal sealed partial class RulesTestJsonContext : JsonSerializerContext;
