namespace FirewallGateway.Snmp.Ber;

/// <summary>
/// Reads definite-length BER TLVs from a span. Every check that fails throws <see cref="SnmpDecodeException"/>;
/// no length is trusted before it is compared with what is left, so a hostile length cannot overrun or allocate.
/// Nested readers keep the absolute offset of their data so a v3 decoder can locate the auth parameters.
/// </summary>
internal ref struct BerReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    public BerReader(ReadOnlySpan<byte> data, int baseOffset = 0)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    public readonly bool IsEmpty => _position == _data.Length;

    /// <summary>The tag of the next TLV without consuming it.</summary>
    public readonly byte PeekTag() =>
        _position < _data.Length ? _data[_position] : throw new SnmpDecodeException("unexpected end of data: a tag was expected");

    /// <summary>Reads one TLV; returns its content, and the content's offset from the start of the whole packet.</summary>
    public ReadOnlySpan<byte> ReadTlv(out byte tag, out int absoluteContentOffset)
    {
        tag = PeekTag();
        if ((tag & BerTag.HighTagNumberForm) == BerTag.HighTagNumberForm)
        {
            throw new SnmpDecodeException($"multi-byte tag 0x{tag:X2} at offset {_baseOffset + _position}: not used by SNMP");
        }

        _position++;
        int length = ReadLength();
        absoluteContentOffset = _baseOffset + _position;
        ReadOnlySpan<byte> content = _data.Slice(_position, length);
        _position += length;
        return content;
    }

    /// <summary>Reads one TLV whose tag must be <paramref name="expectedTag"/>; <paramref name="what"/> names it in errors.</summary>
    public ReadOnlySpan<byte> ReadExpected(byte expectedTag, string what) => ReadExpected(expectedTag, what, out _);

    public ReadOnlySpan<byte> ReadExpected(byte expectedTag, string what, out int absoluteContentOffset)
    {
        int at = _baseOffset + _position;
        ReadOnlySpan<byte> content = ReadTlv(out byte tag, out absoluteContentOffset);
        return tag == expectedTag
            ? content
            : throw new SnmpDecodeException($"{what}: tag 0x{tag:X2} at offset {at}, expected 0x{expectedTag:X2}");
    }

    /// <summary>Enters a constructed TLV (a SEQUENCE or a PDU) and returns a reader over its content.</summary>
    public BerReader ReadConstructed(byte expectedTag, string what)
    {
        ReadOnlySpan<byte> content = ReadExpected(expectedTag, what, out int offset);
        return new BerReader(content, offset);
    }

    public int ReadInt32(string what) => BerPrimitives.DecodeInt32(ReadExpected(BerTag.Integer, what), what);

    /// <summary>Reads an INTEGER that RFC 3412/3414 bound to 0..2^31-1 (msgID, engine boots and time, ...).</summary>
    public int ReadNonNegativeInt32(string what)
    {
        int value = ReadInt32(what);
        return value >= 0 ? value : throw new SnmpDecodeException($"{what} is negative ({value})");
    }

    public ReadOnlySpan<byte> ReadOctetString(string what) => ReadExpected(BerTag.OctetString, what);

    /// <summary>Fails when bytes are left: a field the schema does not have, or garbage after the message.</summary>
    public readonly void ExpectEnd(string what)
    {
        if (!IsEmpty)
        {
            throw new SnmpDecodeException($"{_data.Length - _position} unexpected byte(s) after {what}");
        }
    }

    private int ReadLength()
    {
        if (_position >= _data.Length)
        {
            throw new SnmpDecodeException("unexpected end of data: a length was expected");
        }

        byte first = _data[_position++];
        int length;
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x80)
        {
            // X.690 allows the indefinite form only for constructed BER; SNMP (RFC 3417 8) forbids it.
            throw new SnmpDecodeException("indefinite length is not allowed in SNMP");
        }
        else
        {
            int count = first & 0x7F;
            if (count > 4)
            {
                throw new SnmpDecodeException($"a {count}-byte length field is longer than any SNMP packet");
            }

            if (_data.Length - _position < count)
            {
                throw new SnmpDecodeException("unexpected end of data inside a length field");
            }

            long value = 0;
            for (int i = 0; i < count; i++)
            {
                value = (value << 8) | _data[_position++];
            }

            length = value <= int.MaxValue ? (int)value : int.MaxValue;
        }

        if (length > _data.Length - _position)
        {
            throw new SnmpDecodeException(
                $"length {length} at offset {_baseOffset + _position} overruns the {_data.Length - _position} byte(s) left");
        }

        return length;
    }
}
