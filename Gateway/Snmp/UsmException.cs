namespace FirewallGateway.Snmp;

/// <summary>A USM security check failed; <see cref="Failure"/> says which, for counting and Reports.</summary>
public sealed class UsmException : Exception
{
    public UsmException()
        : this(UsmFailure.WrongDigest, "USM security check failed")
    {
    }

    public UsmException(string message)
        : this(UsmFailure.WrongDigest, message)
    {
    }

    public UsmException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = UsmFailure.DecryptionError;
    }

    public UsmException(UsmFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public UsmException(UsmFailure failure, string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public UsmFailure Failure { get; }

    /// <summary>The usmStats counter OID that a Report for this failure carries (RFC 3414 5).</summary>
    public Oid ReportOid => UsmStats.For(Failure);
}
