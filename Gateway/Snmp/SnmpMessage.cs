namespace FirewallGateway.Snmp;

/// <summary>
/// What <see cref="SnmpCodec.Decode"/> returns: an <see cref="SnmpV2cMessage"/> or an <see cref="SnmpV3Envelope"/>
/// (whose PDU may still be encrypted and is not yet authenticated). Switch on the type.
/// </summary>
public abstract record SnmpMessage;
