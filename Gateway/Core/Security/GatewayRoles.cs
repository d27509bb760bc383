namespace FirewallGateway.Core.Security;

/// <summary>The two roles of the HTTP API and the authorization policies built on them.</summary>
public static class GatewayRoles
{
    /// <summary>May only submit reports.</summary>
    public const string Reporter = "reporter";

    /// <summary>May do everything: decisions, allow-list, targets, credentials.</summary>
    public const string Operator = "operator";

    /// <summary>Policy for report endpoints: reporters and operators.</summary>
    public const string ReportPolicy = "report";

    /// <summary>Policy for everything else: operators only.</summary>
    public const string OperatorPolicy = "operate";

    /// <summary>True for a role name the gateway knows.</summary>
    public static bool IsKnown(string? role) => role is Reporter or Operator;
}
