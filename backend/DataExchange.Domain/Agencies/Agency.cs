namespace DataExchange.Domain.Agencies;

/// <summary>The partner agencies that hold part of a child's picture.</summary>
public enum Agency
{
    PublicSecurity = 1,
    Education = 2,
    Health = 3,
    DisabledFederation = 4,
    CivilAffairs = 5,
}
