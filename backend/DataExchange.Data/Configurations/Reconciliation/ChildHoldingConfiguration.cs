using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class ChildHoldingConfiguration : IEntityTypeConfiguration<ChildHoldingEntity>
{
    public void Configure(EntityTypeBuilder<ChildHoldingEntity> builder)
    {
        builder.ToTable("child_holdings");
        builder.HasKey(holding => new { holding.ChildId, holding.Agency });
        builder.Property(holding => holding.Agency).HasMaxLength(32);
        builder.Property(holding => holding.Name).HasMaxLength(200);
        builder.Property(holding => holding.NamePinyin).HasMaxLength(200);
        builder.Property(holding => holding.IdNumber).HasMaxLength(18);
        builder.Property(holding => holding.BirthDate).HasMaxLength(10);
        builder.Property(holding => holding.RegionCode).HasMaxLength(6);
        builder.Property(holding => holding.Category).HasMaxLength(32);
        builder.Property(holding => holding.RecordsDigest).HasMaxLength(32);
        builder.HasOne<ChildEntity>().WithMany().HasForeignKey(holding => holding.ChildId);
        // SearchChildren filters, always within the caller's agency.
        builder.HasIndex(holding => new { holding.Agency, holding.Name });
        builder.HasIndex(holding => new { holding.Agency, holding.NamePinyin });
        builder.HasIndex(holding => new { holding.Agency, holding.IdNumber });
        builder.HasIndex(holding => new { holding.Agency, holding.BirthDate });
        builder.HasIndex(holding => new { holding.Agency, holding.RegionCode, holding.Category });
    }
}
