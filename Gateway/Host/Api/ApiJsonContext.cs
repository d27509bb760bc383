using System.Text.Json;
using System.Text.Json.Serialization;

namespace FirewallGateway.Api;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecisionView))]
[JsonSerializable(typeof(IReadOnlyList<DecisionView>))]
[JsonSerializable(typeof(ManualBanRequest))]
[JsonSerializable(typeof(AllowListView))]
[JsonSerializable(typeof(IReadOnlyList<AllowListView>))]
[JsonSerializable(typeof(AllowListRequest))]
[JsonSerializable(typeof(AllowListAdded))]
[JsonSerializable(typeof(TargetView))]
[JsonSerializable(typeof(IReadOnlyList<TargetView>))]
[JsonSerializable(typeof(AddressView))]
[JsonSerializable(typeof(CredentialRequest))]
[JsonSerializable(typeof(CredentialView))]
[JsonSerializable(typeof(IReadOnlyList<CredentialView>))]
[JsonSerializable(typeof(CredentialCreated))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(StreamView))]
[JsonSerializable(typeof(IReadOnlyList<StreamConsumerView>))]
[JsonSerializable(typeof(ReportSummaryView))]
[JsonSerializable(typeof(EmailSentView))]
[JsonSerializable(typeof(TargetCheckView))]
[JsonSerializable(typeof(IReadOnlyList<TargetCheckView>))]
[JsonSerializable(typeof(ServerRequest))]
[JsonSerializable(typeof(ServerView))]
[JsonSerializable(typeof(IReadOnlyList<ServerView>))]
[JsonSerializable(typeof(ServerCreated))]
[JsonSerializable(typeof(UnlockRequest))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
