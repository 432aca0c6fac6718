using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class StewardDecisionConfiguration : IEntityTypeConfiguration<StewardDecisionEntity>
{
    public void Configure(EntityTypeBuilder<StewardDecisionEntity> builder)
    {
        builder.ToTable("steward_decisions");
        builder.HasKey(decision => decision.Id);
        builder.Property(decision => decision.Kind).HasMaxLength(32);
        builder.Property(decision => decision.Subject).HasMaxLength(100);
        builder.Property(decision => decision.Steward).HasMaxLength(100);
        builder.HasIndex(decision => decision.Subject);
    }
}
