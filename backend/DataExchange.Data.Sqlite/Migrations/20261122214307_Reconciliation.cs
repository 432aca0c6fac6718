using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataExchange.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Reconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Agency = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Message = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "change_events",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChildPublicId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Agencies = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_change_events", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "children",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    MergedIntoId = table.Column<long>(type: "INTEGER", nullable: true),
                    GoldenJson = table.Column<string>(type: "TEXT", nullable: false),
                    OverridesJson = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NamePinyin = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IdNumber = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    BirthDate = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Agencies = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_children", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "conflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ValuesJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ResolutionJson = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "match_candidates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecordAId = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordBId = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordAVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordBVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Weight = table.Column<double>(type: "REAL", nullable: false),
                    Probability = table.Column<double>(type: "REAL", nullable: false),
                    BreakdownJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_match_candidates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "steward_decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Steward = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    BeforeJson = table.Column<string>(type: "TEXT", nullable: false),
                    AfterJson = table.Column<string>(type: "TEXT", nullable: false),
                    ReversedById = table.Column<long>(type: "INTEGER", nullable: true),
                    ReversesId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_steward_decisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "record_links",
                columns: table => new
                {
                    SourceRecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_links", x => x.SourceRecordId);
                    table.ForeignKey(
                        name: "FK_record_links_children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_record_links_source_records_SourceRecordId",
                        column: x => x.SourceRecordId,
                        principalTable: "source_records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_Agency_Status",
                table: "alerts",
                columns: new[] { "Agency", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_ChildId_Key",
                table: "alerts",
                columns: new[] { "ChildId", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_change_events_ChildId",
                table: "change_events",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_children_BirthDate",
                table: "children",
                column: "BirthDate");

            migrationBuilder.CreateIndex(
                name: "IX_children_IdNumber",
                table: "children",
                column: "IdNumber");

            migrationBuilder.CreateIndex(
                name: "IX_children_Name",
                table: "children",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_children_NamePinyin",
                table: "children",
                column: "NamePinyin");

            migrationBuilder.CreateIndex(
                name: "IX_children_PublicId",
                table: "children",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_children_RegionCode_Category",
                table: "children",
                columns: new[] { "RegionCode", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_conflicts_ChildId_Key",
                table: "conflicts",
                columns: new[] { "ChildId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_conflicts_Status",
                table: "conflicts",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_match_candidates_RecordAId_RecordBId",
                table: "match_candidates",
                columns: new[] { "RecordAId", "RecordBId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_match_candidates_RecordBId",
                table: "match_candidates",
                column: "RecordBId");

            migrationBuilder.CreateIndex(
                name: "IX_match_candidates_Status_Probability",
                table: "match_candidates",
                columns: new[] { "Status", "Probability" });

            migrationBuilder.CreateIndex(
                name: "IX_record_links_ChildId",
                table: "record_links",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_steward_decisions_Subject",
                table: "steward_decisions",
                column: "Subject");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "change_events");

            migrationBuilder.DropTable(
                name: "conflicts");

            migrationBuilder.DropTable(
                name: "match_candidates");

            migrationBuilder.DropTable(
                name: "record_links");

            migrationBuilder.DropTable(
                name: "steward_decisions");

            migrationBuilder.DropTable(
                name: "children");
        }
    }
}
