(* Tests for Deafen_links: the links of a directory, one line each *)
module Test_deafen_links =

test Deafen_links.lns get "S01ssh\t../init.d/ssh\nK01cups\t/etc/init.d/cups\n" =
  { "S01ssh" = "../init.d/ssh" }
  { "K01cups" = "/etc/init.d/cups" }

(* a link without its target does not parse *)
test Deafen_links.lns get "S01ssh\n" = *
