using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataExchange.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ChildHoldings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "child_holdings",
                columns: table => new
                {
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    Agency = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    NamePinyin = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    IdNumber = table.Column<string>(type: "nvarchar(18)", maxLength: 18, nullable: false),
                    BirthDate = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    RegionCode = table.Column<string>(type: "nvarchar(6)", maxLength: 6, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    RecordCount = table.Column<int>(type: "int", nullable: false),
                    RecordsDigest = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_child_holdings", x => new { x.ChildId, x.Agency });
                    table.ForeignKey(
                        name: "FK_child_holdings_children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_child_holdings_Agency_BirthDate",
                table: "child_holdings",
                columns: new[] { "Agency", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_child_holdings_Agency_IdNumber",
                table: "child_holdings",
                columns: new[] { "Agency", "IdNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_child_holdings_Agency_Name",
                table: "child_holdings",
                columns: new[] { "Agency", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_child_holdings_Agency_NamePinyin",
                table: "child_holdings",
                columns: new[] { "Agency", "NamePinyin" });

            migrationBuilder.CreateIndex(
                name: "IX_child_holdings_Agency_RegionCode_Category",
                table: "child_holdings",
                columns: new[] { "Agency", "RegionCode", "Category" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "child_holdings");
        }
    }
}
