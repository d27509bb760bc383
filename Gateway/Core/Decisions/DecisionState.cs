namespace FirewallGateway.Core.Decisions;

/// <summary>The life of a decision: active until it expires or an operator removes it.</summary>
public enum DecisionState
{
    Active,
    Expired,
    Removed,
}
