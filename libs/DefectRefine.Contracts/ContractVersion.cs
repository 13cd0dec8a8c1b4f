namespace DefectRefine.Contracts;

/// <summary>
/// Contract versions live in namespaces (<c>DefectRefine.Contracts.V1</c>, ...). MassTransit names exchanges
/// after the full type name, so a breaking change gets a new namespace and both versions can be consumed
/// side by side during a rolling upgrade instead of changing a record in place.
/// </summary>
public static class ContractVersion
{
    public const string Current = "v1";
}
