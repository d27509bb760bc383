using System.Text.Json;
using System.Text.Json.Serialization;

namespace FirewallGateway.Web;

/// <summary>A dashboard login: an operator's name and password.</summary>
public sealed record DashboardLoginRequest(string? Name, string? Password);

/// <summary>The logged-in operator, the token every change must carry, and the idle timeout.</summary>
public sealed record DashboardSessionView(string Name, string CsrfToken, int IdleTimeoutSeconds);

/// <summary>Reports received in one minute.</summary>
public sealed record ReportRateView(DateTimeOffset Minute, long Reports);

/// <summary>Turns an allow-list entry on or off.</summary>
public sealed record AllowListActiveRequest(bool? Active);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DashboardLoginRequest))]
[JsonSerializable(typeof(DashboardSessionView))]
[JsonSerializable(typeof(IReadOnlyList<ReportRateView>))]
[JsonSerializable(typeof(AllowListActiveRequest))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
