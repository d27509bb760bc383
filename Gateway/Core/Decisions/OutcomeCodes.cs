namespace FirewallGateway.Core.Decisions;

/// <summary>The outcome codes stored with each report and used as metric tags.</summary>
public static class OutcomeCodes
{
    public const string Created = "created";
    public const string Merged = "merged";
    public const string Echo = "echo";
    public const string Duplicate = "duplicate";
    public const string Reserved = "reserved";
    public const string AllowListed = "allow-listed";
    public const string TooBroad = "too-broad";
    public const string Protected = "protected";
}
